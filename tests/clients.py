"""Real clients the tests drive: OmegaT (a CAT tool) and headless Chromium (through Playwright)."""

from __future__ import annotations

import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def omegat_translate(tmx: Path, sources: list[str], src_lang: str, tgt_lang: str, project: Path) -> list[str]:
    """Translate ``sources`` (one paragraph each) with OmegaT from ``tmx`` alone; its translations, in order."""
    for folder in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (project / folder).mkdir(parents=True)
    shutil.copy(tmx, project / "tm" / "auto")
    # one source segment a paragraph, so that OmegaT's own segmentation keeps ours
    (project / "source" / "article.txt").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
    (project / "omegat.project").write_text(
        f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat><project version="1.0">
<source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>
<tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir>
<glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>
<source_lang>{src_lang}</source_lang><target_lang>{tgt_lang}</target_lang>
<source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
<sentence_seg>false</sentence_seg>
<support_default_translations>true</support_default_translations>
<remove_tags>false</remove_tags>
</project></omegat>
""",
        encoding="utf-8",
    )
    done = subprocess.run(["omegat", "--mode=console-translate", str(project)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    translated = (project / "target" / "article.txt").read_text(encoding="utf-8")
    return [t.strip() for t in translated.split("\n\n") if t.strip()]


@contextmanager
def browser_page(width: int = 1300, height: int = 850):
    """A page in Debian's headless Chromium, driven by Playwright; JavaScript errors fail the test."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "make test installs Debian's chromium"
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            yield page
        finally:
            browser.close()
    assert not errors, errors
