"""How quickly the review page answers on a whole book.

    python benchmarks/review_page.py

The novel's gold alignment (6,683 pairs) is opened in `align review`'s page
in Debian's headless Chromium (through Playwright, as the tests drive it);
a merge, an undo, a jump to the next doubtful pair and a move to the next
pair are timed from the key press to the page showing the result.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.model import Pair  # noqa: E402
from align.review.server import ReviewServer  # noqa: E402
from align.review.session import Review  # noqa: E402
from benchmarks.harness import load_dataset, machine, save_results  # noqa: E402
from tests.clients import browser_page  # noqa: E402

ROWS = "document.querySelectorAll('tr.pair').length"
CURRENT = "Array.from(document.querySelectorAll('tr.pair')).findIndex(r => r.classList.contains('current'))"


def novel_review() -> Review:
    doc = load_dataset("novel")[0][0]
    pairs = []
    for k, (s, t) in enumerate(doc.gold):
        a, b = tuple(doc.src[i] for i in s), tuple(doc.tgt[j] for j in t)
        score = 0.4 if k % 50 == 0 else 0.9  # one pair in fifty doubtful
        pairs.append(Pair(tuple(s), tuple(t), " ".join(a), " ".join(b), score, None, a if len(a) > 1 else (), b if len(b) > 1 else ()))
    return Review.from_pairs(pairs, "hu", "en")


def timed(page, key: str, done) -> float:
    start = time.perf_counter()
    page.keyboard.press(key)
    while not done():
        time.sleep(0.005)
    return round(time.perf_counter() - start, 3)


def main() -> int:
    review = novel_review()
    n = len(review.beads)
    with tempfile.TemporaryDirectory() as folder:
        server = ReviewServer(review, Path(folder) / "novel.reviewed.jsonl").start()
        try:
            with browser_page() as page:
                start = time.perf_counter()
                page.goto(server.url)
                page.wait_for_selector("tr.current")
                results = {"open": round(time.perf_counter() - start, 3)}
                results["merge"] = timed(page, "m", lambda: page.evaluate(ROWS) == n - 1)
                results["undo"] = timed(page, "z", lambda: page.evaluate(ROWS) == n)
                at = page.evaluate(CURRENT)
                results["next doubtful"] = timed(page, "j", lambda: page.evaluate(CURRENT) != at)
                at = page.evaluate(CURRENT)
                results["next pair"] = timed(page, "ArrowDown", lambda: page.evaluate(CURRENT) == at + 1)
        finally:
            server.close()
    for what, seconds in results.items():
        print(f"{what:<14} {seconds:.3f} s")
    print(f"saved {save_results('review_page', {'machine': machine(), 'pairs': n, 'seconds': results})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
