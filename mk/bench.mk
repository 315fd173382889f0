# Benchmarks (issue: measure what readers and contributors wait for).
.PHONY: bench bench-quick bench-readme

bench: venv node_modules ## time the book build, notebooks, nbval, widgets, pages, browser twins (needs `make book`)
	@test -d _build/html || { echo "No site yet: run 'make book' first"; exit 1; }
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/explorers.py

bench-quick: venv node_modules ## the same with one run of the slow figures
	@test -d _build/html || { echo "No site yet: run 'make book' first"; exit 1; }
	$(BIN)/python benchmarks/run.py --quick

bench-readme: venv ## copy the latest figures (_build/bench.json) into the README
	$(BIN)/python benchmarks/to_readme.py
