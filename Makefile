# InfoDesk — two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv run test sysdeps bench clean translations

# System libraries Qt needs (Debian, as root, only when missing).
QT_DEBS := libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-noto-cjk
sysdeps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  missing=""; for p in $(QT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "Installing system libraries:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null \
	    || echo "warning: could not install$$missing"; fi; \
	fi

$(STAMP): setup.cfg pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

run: venv
	$(VPY) main.py $(ARGS)

test: venv
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest -q $(PYTEST_ARGS)

bench: venv
	$(VPY) bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
