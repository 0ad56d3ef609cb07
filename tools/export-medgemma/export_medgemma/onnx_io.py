"""Graph inputs and outputs of an .onnx file, read straight from the protobuf wire format.

Pure Python, so `check` works (and is unit-tested) where the onnx package is not installed. Reads only the graph
proto: tensors with external data are never touched. Field numbers are those of onnx/onnx.proto3.
"""
from __future__ import annotations

from dataclasses import dataclass

# TensorProto.DataType values the engine's graphs use.
ELEMENT_TYPES = {1: "float", 6: "int32", 7: "int64", 10: "float16", 16: "bfloat16"}

_MODEL_GRAPH = 7
_GRAPH_INITIALIZER, _GRAPH_INPUT, _GRAPH_OUTPUT = 5, 11, 12
_VALUE_NAME, _VALUE_TYPE = 1, 2
_TYPE_TENSOR = 1
_TENSOR_ELEM_TYPE, _TENSOR_SHAPE = 1, 2
_SHAPE_DIM = 1
_DIM_VALUE, _DIM_PARAM = 1, 2
_INITIALIZER_NAME = 8


@dataclass(frozen=True)
class ValueInfo:
    name: str
    element_type: str
    shape: tuple  # ints for fixed dimensions, strings for symbolic ones, None when absent


@dataclass(frozen=True)
class GraphIO:
    inputs: tuple[ValueInfo, ...]
    outputs: tuple[ValueInfo, ...]

    def input_names(self) -> list[str]:
        return [v.name for v in self.inputs]

    def output_names(self) -> list[str]:
        return [v.name for v in self.outputs]


class OnnxFormatError(ValueError):
    """The file is not a readable ONNX model."""


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise OnnxFormatError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 70:
            raise OnnxFormatError("varint too long")


def _fields(buf: bytes):
    """(field number, wire type, value) for each field; value is bytes for length-delimited, int otherwise."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = int.from_bytes(buf[pos:pos + 8], "little"), pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            if pos + length > len(buf):
                raise OnnxFormatError("truncated field")
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = int.from_bytes(buf[pos:pos + 4], "little"), pos + 4
        else:
            raise OnnxFormatError(f"unsupported wire type {wire}")
        yield number, wire, value


def _first(buf: bytes, number: int, default=None):
    return next((v for n, _, v in _fields(buf) if n == number), default)


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def _value_info(buf: bytes) -> ValueInfo:
    name = _first(buf, _VALUE_NAME, b"").decode("utf-8")
    tensor = _first(_first(buf, _VALUE_TYPE, b""), _TYPE_TENSOR, b"")
    elem = _first(tensor, _TENSOR_ELEM_TYPE, 0)
    dims = []
    for n, _, dim in _fields(_first(tensor, _TENSOR_SHAPE, b"")):
        if n != _SHAPE_DIM:
            continue
        value, param = _first(dim, _DIM_VALUE), _first(dim, _DIM_PARAM)
        dims.append(_signed(value) if value is not None else param.decode("utf-8") if param is not None else None)
    return ValueInfo(name, ELEMENT_TYPES.get(elem, f"type{elem}"), tuple(dims))


def read_graph_io(path: str) -> GraphIO:
    """Inputs (initializers excluded, as older exporters list them as inputs too) and outputs of the main graph."""
    with open(path, "rb") as f:
        model = f.read()
    graph = _first(model, _MODEL_GRAPH)
    if graph is None:
        raise OnnxFormatError(f"{path}: no graph")
    initializers, inputs, outputs = set(), [], []
    for number, _, value in _fields(graph):
        if number == _GRAPH_INITIALIZER:
            initializers.add(_first(value, _INITIALIZER_NAME, b"").decode("utf-8"))
        elif number == _GRAPH_INPUT:
            inputs.append(_value_info(value))
        elif number == _GRAPH_OUTPUT:
            outputs.append(_value_info(value))
    return GraphIO(tuple(v for v in inputs if v.name not in initializers), tuple(outputs))
