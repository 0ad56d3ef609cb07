using FhirMedGemma.Inference.Engine.Onnx.Model;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FhirMedGemma.Inference.Engine.Onnx.Runtime;

/// <summary>
/// Runs the three graphs of a model directory: prefill of one sequence (embed, vision, merge, decoder) and one decode
/// step of a batch. Outputs are bound with <see cref="OrtIoBinding"/>: KV tensors stay where the decoder wrote them
/// (device memory under CUDA) and only the last position's logits are read back. Not thread-safe: one caller (the scheduler).
/// </summary>
internal sealed class ModelRunner : IDisposable
{
    private readonly InferenceSession _embed;
    private readonly InferenceSession? _vision;
    private readonly InferenceSession _decoder;
    private readonly EncoderSignature _embedSignature;
    private readonly EncoderSignature? _visionSignature;
    private readonly OrtMemoryInfo _kvMemory;
    private readonly OrtAllocator? _deviceAllocator;
    private readonly RunOptions _runOptions = new();
    private readonly Dictionary<string, int> _presentIndex = [];
    private readonly int _prefillChunk;

    public ModelRunner(ModelDirectory directory, OnnxEngineOptions options)
    {
        Directory = directory;
        _prefillChunk = options.PrefillChunkTokens;
        var factory = new OnnxSessionFactory(options);
        try
        {
            _embed = factory.Create(directory.PathOf(ModelDirectory.EmbedTokensFile), ModelDirectory.EmbedTokensFile);
            _embedSignature = EncoderSignature.Read(_embed, ModelDirectory.EmbedTokensFile, "input_ids", TensorElementType.Int64);
            if (directory.HasVisionEncoder)
            {
                _vision = factory.Create(directory.PathOf(ModelDirectory.VisionEncoderFile), ModelDirectory.VisionEncoderFile);
                _visionSignature = EncoderSignature.Read(_vision, ModelDirectory.VisionEncoderFile, "pixel_values", null);
            }

            _decoder = factory.Create(directory.PathOf(ModelDirectory.DecoderFile), ModelDirectory.DecoderFile);
            Decoder = DecoderSignature.Read(_decoder, directory.Config);
            if (Decoder.EmbedsType != _embedSignature.OutputType)
            {
                throw new ModelLoadException(
                    $"{ModelDirectory.DecoderFile}: inputs_embeds is {Decoder.EmbedsType} but {ModelDirectory.EmbedTokensFile} outputs {_embedSignature.OutputType}");
            }

            _kvMemory = factory.CreateKvMemoryInfo();
            _deviceAllocator = factory.UsesDevice ? new OrtAllocator(_decoder, _kvMemory) : null;
            _presentIndex = Decoder.PresentNames.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
            Repacker = new KvRepacker(Decoder.KvType, Decoder.KvHeads, Decoder.HeadDim, _deviceAllocator);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ModelDirectory Directory { get; }

    public DecoderSignature Decoder { get; } = null!;

    public KvRepacker Repacker { get; } = null!;

    public int VocabularySize => Directory.Config.VocabularySize;

    public bool SupportsImages => _vision is not null;

    /// <summary>Runs the whole prompt of one sequence; writes its last-position logits and returns its KV cache.</summary>
    /// <param name="run">Options of this prefill alone, so that setting <see cref="RunOptions.Terminate"/> stops it.</param>
    public KvCache Prefill(IReadOnlyList<int> promptIds, IReadOnlyList<float[]> images, Span<float> lastLogits, RunOptions? run = null)
    {
        run ??= _runOptions;
        var count = promptIds.Count;
        var ids = new long[count];
        var positions = new long[count];
        var tokenTypes = new long[count];
        var mask = new long[count];
        var imageToken = Directory.Config.ImageTokenId;
        for (var i = 0; i < count; i++)
        {
            ids[i] = promptIds[i];
            positions[i] = i;
            mask[i] = 1;
            tokenTypes[i] = promptIds[i] == imageToken ? 1 : 0;
        }

        using var embeds = Embed(ids, count, 1);
        if (images.Count > 0)
        {
            MergeImageFeatures(embeds, ids, images, run);
        }

        // Chunked prefill: each run sees the cache of the chunks before it, so the result equals one run over the whole
        // prompt while the per-run logits buffer stays bounded. Only the last chunk's last row is kept.
        KvCache? cache = null;
        var past = Decoder.PastNames
            .Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, Decoder.KvType, [1, Decoder.KvHeads, 0, Decoder.HeadDim]))
            .ToArray();
        try
        {
            for (var start = 0; start < count;)
            {
                var end = PrefillChunks.End(ids, start, _prefillChunk, imageToken);
                var length = end - start;
                using var chunkEmbeds = length == count ? null : SliceEmbeds(embeds, start, length);
                var next = RunDecoder(
                    run, chunkEmbeds ?? embeds, mask[..end], positions[start..end], tokenTypes[start..end], cache?.Tensors ?? past,
                    batch: 1, pastLength: start, length, [null], lastLogits);
                cache?.Dispose();
                cache = next;
                start = end;
            }

            return cache!;
        }
        catch
        {
            cache?.Dispose();
            throw;
        }
        finally
        {
            foreach (var empty in past)
            {
                empty.Dispose();
            }
        }
    }

    /// <summary>Copies rows [start, start + length) of a [1, seq, hidden] host tensor into a new tensor.</summary>
    private OrtValue SliceEmbeds(OrtValue embeds, int start, int length)
    {
        var hidden = Directory.Config.HiddenSize;
        var size = TensorElements.SizeOf(_embedSignature.OutputType);
        var slice = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _embedSignature.OutputType, [1, length, hidden]);
        embeds.GetTensorMutableRawData().Slice(start * hidden * size, length * hidden * size).CopyTo(slice.GetTensorMutableRawData());
        return slice;
    }

    /// <summary>One decode step of a batch: feeds one token per row and returns the grown cache (the caller disposes the old one).</summary>
    public KvCache Decode(KvCache cache, ReadOnlySpan<int> tokens, ReadOnlySpan<int> realLengths, float[][] logitsPerRow)
    {
        var batch = tokens.Length;
        var past = cache.Length;
        var ids = new long[batch];
        var positions = new long[batch];
        var mask = new long[batch * (past + 1)];
        for (var b = 0; b < batch; b++)
        {
            ids[b] = tokens[b];

            // The new token's position is the count of real tokens before it; left padding is masked out.
            positions[b] = realLengths[b];
            mask.AsSpan((b * (past + 1)) + (past - realLengths[b]), realLengths[b] + 1).Fill(1);
        }

        using var embeds = Embed(ids, 1, batch);
        return RunDecoder(_runOptions, embeds, mask, positions, new long[batch], cache.Tensors, batch, past, 1, logitsPerRow, default);
    }

    private OrtValue Embed(long[] ids, int sequenceLength, int batch)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [batch, sequenceLength]);
        using var binding = _embed.CreateIoBinding();
        binding.BindInput(_embedSignature.InputName, input);
        binding.BindOutputToDevice(_embedSignature.OutputName, OrtMemoryInfo.DefaultInstance);
        _embed.RunWithBinding(_runOptions, binding);
        return binding.GetOutputValues()[0];
    }

    private void MergeImageFeatures(OrtValue embeds, long[] ids, IReadOnlyList<float[]> images, RunOptions run)
    {
        if (_vision is null || _visionSignature is null)
        {
            throw new InvalidModelInputException(InferenceErrorCodes.ImageInvalid, "This model export has no vision encoder (onnx/vision_encoder.onnx).");
        }

        var side = Directory.ImageSize;
        var perImage = 3 * side * side;
        using var pixels = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, _visionSignature.InputType, [images.Count, 3, side, side]);
        var raw = pixels.GetTensorMutableRawData();
        var inSize = TensorElements.SizeOf(_visionSignature.InputType);
        for (var i = 0; i < images.Count; i++)
        {
            TensorElements.FromFloat(images[i], _visionSignature.InputType, raw.Slice(i * perImage * inSize, perImage * inSize));
        }

        using var binding = _vision.CreateIoBinding();
        binding.BindInput(_visionSignature.InputName, pixels);
        binding.BindOutputToDevice(_visionSignature.OutputName, OrtMemoryInfo.DefaultInstance);
        _vision.RunWithBinding(run, binding);
        using var features = binding.GetOutputValues()[0];

        // Overwrite the embedding rows of the image soft tokens with the image features, in order.
        var hidden = Directory.Config.HiddenSize;
        var featureFloats = new float[hidden];
        var target = embeds.GetTensorMutableRawData();
        var source = features.GetTensorMutableRawData();
        var targetSize = TensorElements.SizeOf(_embedSignature.OutputType);
        var sourceSize = TensorElements.SizeOf(_visionSignature.OutputType);
        var featureRow = 0;
        for (var position = 0; position < ids.Length; position++)
        {
            if (ids[position] != Directory.Config.ImageTokenId)
            {
                continue;
            }

            TensorElements.ToFloat(source.Slice(featureRow * hidden * sourceSize, hidden * sourceSize), _visionSignature.OutputType, featureFloats);
            TensorElements.FromFloat(featureFloats, _embedSignature.OutputType, target.Slice(position * hidden * targetSize, hidden * targetSize));
            featureRow++;
        }
    }

    private KvCache RunDecoder(
        RunOptions run, OrtValue embeds, long[] mask, long[] positions, long[] tokenTypes, OrtValue[] past,
        int batch, int pastLength, int sequenceLength, float[]?[] logitsPerRow, Span<float> singleRowLogits)
    {
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, pastLength + sequenceLength]);
        using var positionValue = OrtValue.CreateTensorValueFromMemory(positions, [batch, sequenceLength]);
        using var tokenTypeValue = OrtValue.CreateTensorValueFromMemory(tokenTypes, [batch, sequenceLength]);
        using var binding = _decoder.CreateIoBinding();
        binding.BindInput(DecoderSignature.InputsEmbeds, embeds);
        binding.BindInput(DecoderSignature.AttentionMask, maskValue);
        if (Decoder.HasPositionIds)
        {
            binding.BindInput(DecoderSignature.PositionIds, positionValue);
        }

        if (Decoder.HasTokenTypeIds)
        {
            binding.BindInput(DecoderSignature.TokenTypeIds, tokenTypeValue);
        }

        for (var i = 0; i < past.Length; i++)
        {
            binding.BindInput(Decoder.PastNames[i], past[i]);
        }

        // Logits come to the host (only the last row is read); presents stay in KV memory (the GPU under CUDA).
        binding.BindOutputToDevice(DecoderSignature.Logits, OrtMemoryInfo.DefaultInstance);
        foreach (var name in Decoder.PresentNames)
        {
            binding.BindOutputToDevice(name, _kvMemory);
        }

        _decoder.RunWithBinding(run, binding);
        var names = binding.GetOutputNames();
        var values = binding.GetOutputValues();
        var presents = new OrtValue[Decoder.PresentNames.Count];
        OrtValue? logits = null;
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] == DecoderSignature.Logits)
            {
                logits = values[i];
            }
            else
            {
                presents[_presentIndex[names[i]]] = values[i];
            }
        }

        using (logits)
        {
            ReadLastLogits(logits!, batch, logitsPerRow, singleRowLogits);
        }

        return new KvCache(presents, batch, pastLength + sequenceLength);
    }

    /// <summary>Reads the last position of each row from logits shaped [batch, seq, vocab] or [batch, 1, vocab].</summary>
    private void ReadLastLogits(OrtValue logits, int batch, float[]?[] logitsPerRow, Span<float> singleRowLogits)
    {
        var shape = logits.GetTensorTypeAndShape().Shape;
        var vocab = (int)shape[^1];
        if (vocab != VocabularySize)
        {
            throw new InvalidOperationException($"{ModelDirectory.DecoderFile}: logits have {vocab} entries, config.json vocab_size is {VocabularySize}.");
        }

        var positions = shape.Length == 3 ? (int)shape[1] : 1;
        var size = TensorElements.SizeOf(Decoder.LogitsType);
        var raw = logits.GetTensorMutableRawData();
        for (var b = 0; b < batch; b++)
        {
            var destination = batch == 1 && !singleRowLogits.IsEmpty ? singleRowLogits : logitsPerRow[b];
            var offset = ((long)b * positions + positions - 1) * vocab * size;
            TensorElements.ToFloat(raw.Slice((int)offset, vocab * size), Decoder.LogitsType, destination);
        }
    }

    public void Dispose()
    {
        _embed?.Dispose();
        _vision?.Dispose();
        _decoder?.Dispose();
        _deviceAllocator?.Dispose();
        _runOptions.Dispose();
    }
}
