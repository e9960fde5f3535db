"""Screenshots for README: a flagged pair with its spans in the check report, and the review page.

Run from the repository root (``make figures`` does): it aligns and checks
the seed, opens both pages in Debian's headless Chromium and writes
``notebooks/figures/check-spans.png`` and ``notebooks/figures/review.png``.
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align import pipeline, read_text  # noqa: E402
from align.embed import cached_encoder  # noqa: E402
from align.review import write_report  # noqa: E402
from align.review.server import ReviewServer  # noqa: E402
from tests.clients import browser_page  # noqa: E402

FIGURES = ROOT / "notebooks" / "figures"
SEED = ROOT / "seeds" / "001_0715eb0a661bce2d.txt"


def main() -> None:
    encoder = cached_encoder("e5")
    report = pipeline.check(read_text(SEED), encoder=encoder)
    with tempfile.TemporaryDirectory() as tmp:
        (page_file,) = write_report(report, Path(tmp), "seed", ["html"])
        flagged = next(p for p in report.pairs if any(f.spans and f.signal == "names" for f in p.flags))
        a = report.alignment
        review = pipeline.open_review(list(a.pairs()), a.src_lang, a.tgt_lang, encoder=encoder)
        server = ReviewServer(review, Path(tmp) / "seed.reviewed.jsonl").start()
        try:
            with browser_page(1300, 760) as page:
                page.goto(page_file.as_uri())
                page.locator(f"#pair-{flagged.index}").screenshot(path=str(FIGURES / "check-spans.png"))
                page.goto(server.url)
                page.wait_for_selector("tr.current")
                for _ in range(3):
                    page.keyboard.press("j")
                page.locator("tr.current td.src .sent").first.click()
                page.screenshot(path=str(FIGURES / "review.png"))
        finally:
            server.close()
    print(f"wrote {FIGURES / 'check-spans.png'} and {FIGURES / 'review.png'}")


if __name__ == "__main__":
    main()
