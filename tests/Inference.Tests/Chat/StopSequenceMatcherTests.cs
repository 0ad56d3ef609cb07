using FhirMedGemma.Inference.Chat;

namespace FhirMedGemma.Inference.Tests.Chat;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void Append_StopSplitAcrossChunks_HoldsThePrefixAndCutsBeforeTheStop()
    {
        var matcher = new StopSequenceMatcher(["</answer>"]);

        matcher.Append("value 7</ans").Should().Be("value 7");
        matcher.Append("wer> tail").Should().BeEmpty();
        matcher.Stopped.Should().BeTrue();
        matcher.Flush().Should().BeEmpty();
    }

    [Fact]
    public void Append_PrefixThatTurnsOutNotToBeAStop_IsReleased()
    {
        var matcher = new StopSequenceMatcher(["END"]);

        matcher.Append("the EN").Should().Be("the ");
        matcher.Append("D").Should().BeEmpty();
        matcher.Stopped.Should().BeTrue();

        var other = new StopSequenceMatcher(["END"]);
        other.Append("the EN").Should().Be("the ");
        other.Append("TRY").Should().Be("ENTRY");
        other.Flush().Should().BeEmpty();
        other.Stopped.Should().BeFalse();
    }

    [Fact]
    public void Append_SeveralStops_CutsAtTheEarliest()
    {
        var matcher = new StopSequenceMatcher(["bb", "a"]);

        matcher.Append("xxbbya").Should().Be("xx");
    }

    [Fact]
    public void Flush_HeldPrefixAtEnd_IsEmitted()
    {
        var matcher = new StopSequenceMatcher(["<end>"]);

        matcher.Append("done <en").Should().Be("done ");
        matcher.Flush().Should().Be("<en");
    }

    [Fact]
    public void Append_NoStops_PassesThrough()
    {
        new StopSequenceMatcher([]).Append("anything").Should().Be("anything");
    }
}
