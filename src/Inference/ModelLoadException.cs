namespace FhirMedGemma.Inference;

/// <summary>
/// A model directory is missing, incomplete or inconsistent. Thrown at start-up; the message names the file and what is
/// wrong with it (e.g. "onnx/decoder_model_merged.onnx: missing", "config.json: vocab_size 262208 but logits have 1000").
/// </summary>
public sealed class ModelLoadException(string message, Exception? innerException = null) : Exception(message, innerException);
