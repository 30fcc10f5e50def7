"""The analyser in fresh interpreters: its lazy first load from many threads, and no torch imported."""

import subprocess
import sys

from tests.conftest import PROJECT


def test_first_use_from_many_threads_at_once():
    """underthesea loads lazily; two searches starting together must not see it half-loaded."""
    script = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from index.vietnamese import analyze\n"
        "texts = [f'Tỷ trọng kinh tế số năm {2020 + i} đạt {i}%' for i in range(16)]\n"
        "with ThreadPoolExecutor(8) as pool:\n"
        "    results = list(pool.map(analyze, texts))\n"
        "assert all('tỷ_trọng' in r for r in results)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=PROJECT)
    assert done.returncode == 0, done.stderr[-2000:]


def test_analysis_does_not_import_torch():
    """underthesea would import transformers and torch through its translate pipeline (~2 s at start-up)."""
    code = "import sys, index.vietnamese as v; v.analyze('Chuyển đổi số quốc gia'); print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr[-2000:]
