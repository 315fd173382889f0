# Targets for trainers and clinicians: the no-code funding explorer app, slide decks and
# printable handouts. Included by the Makefile (`include mk/*.mk`).
# The app uses the Voila template in notebooks/voila/templates/commlib (found through
# JUPYTER_PATH): Voila's lab template without its CDN stylesheets, so it works offline.
# Its room settings are in notebooks/voila/voila.json (found through Voila.config_file_paths):
# a pool of pre-heated kernels (each has already run the notebook when a learner arrives) and
# idle kernels culled, and a cap on kernels (commlib.room) past which a learner is told the
# room is full. `make app APP_POOL=5 APP_CAP=12` sets another pool size and cap.

SITE_DIR ?= _build/html

.PHONY: app slides handouts

app: venv ## serve the no-code funding explorer (Voila) on http://$(HOST):$(APP_PORT)
	@echo "Funding explorer: open http://$(HOST):$(APP_PORT)/ in your browser (Ctrl+C to stop)"
	JUPYTER_PATH=$(CURDIR)/notebooks $(BIN)/voila notebooks/funding_explorer.ipynb \
		--port=$(APP_PORT) --no-browser --Voila.ip=$(HOST) --strip_sources=True --theme=light \
		--template=commlib --VoilaConfiguration.extension_denylist=jupyterlab-jupytext \
		--Voila.config_file_paths=notebooks/voila $(if $(APP_POOL),--pool_size=$(APP_POOL)) \
		$(if $(APP_CAP),--RoomKernelManager.max_kernels=$(APP_CAP))

slides: venv node_modules ## one offline reveal.js deck per chapter in _build/slides
	$(BIN)/python scripts/build_slides.py --out _build/slides

handouts: venv ## one PDF per chapter in _build/handouts (prints the site: run make book first)
	@test -f $(SITE_DIR)/index.html || { echo "No built site in $(SITE_DIR): run 'make book' first"; exit 1; }
	$(BIN)/python scripts/build_handouts.py --site $(SITE_DIR) --out _build/handouts
