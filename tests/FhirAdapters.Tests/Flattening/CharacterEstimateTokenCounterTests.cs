using FhirMedGemma.FhirAdapters.Flattening;

namespace FhirMedGemma.FhirAdapters.Tests.Flattening;

public sealed class CharacterEstimateTokenCounterTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(8, 3)]
    [InlineData(35, 10)]
    public void CountTokens_Text_IsLengthOverThreeAndAHalfRoundedUp(int length, int expected)
    {
        new CharacterEstimateTokenCounter().CountTokens(new string('a', length)).Should().Be(expected);
    }
}
