"""Exports a Gemma 3 4B-architecture checkpoint (MedGemma) to the FhirMedGemma engine's ONNX model directory."""

__version__ = "1.0.0"
