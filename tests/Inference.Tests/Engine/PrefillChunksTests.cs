using FhirMedGemma.Inference.Engine.Onnx.Runtime;

namespace FhirMedGemma.Inference.Tests.Engine;

public sealed class PrefillChunksTests
{
    private const long Image = 9;

    [Theory]
    [InlineData(0, 4, 4)]
    [InlineData(8, 4, 10)]
    public void End_TextOnly_CutsAtTheChunkSizeOrThePromptEnd(int start, int chunk, int expected)
    {
        long[] ids = [1, 2, 3, 4, 5, 6, 7, 8, 1, 2];

        PrefillChunks.End(ids, start, chunk, Image).Should().Be(expected);
    }

    [Fact]
    public void End_BoundaryInsideAnImage_MovesBackToTheImageStart()
    {
        long[] ids = [1, 2, Image, Image, Image, Image, 3];

        PrefillChunks.End(ids, 0, 4, Image).Should().Be(2);
    }

    [Fact]
    public void End_ImageLongerThanTheChunkStartingIt_TakesTheWholeImage()
    {
        long[] ids = [Image, Image, Image, Image, Image, 3, 4];

        PrefillChunks.End(ids, 0, 2, Image).Should().Be(5);
    }

    [Fact]
    public void End_BoundaryRightAfterAnImage_StaysPut()
    {
        long[] ids = [1, Image, Image, 3, 4];

        PrefillChunks.End(ids, 0, 3, Image).Should().Be(3);
    }
}
