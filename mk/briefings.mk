# ICB briefings (issue 19): one PDF per ICB of the latest year of the allocation data, printed
# from the site's briefing page (book/briefing.html) in Debian's Chromium. Included by the
# Makefile (`include mk/*.mk`).

BRIEFINGS_SITE ?= _build/html

.PHONY: briefings

briefings: venv ## one PDF briefing per ICB in _build/briefings (prints the site: run make book first)
	@test -f $(BRIEFINGS_SITE)/book/briefing.html || { echo "No briefing page in $(BRIEFINGS_SITE): run 'make book' first"; exit 1; }
	$(BIN)/python scripts/build_briefings.py --site $(BRIEFINGS_SITE) --out _build/briefings
