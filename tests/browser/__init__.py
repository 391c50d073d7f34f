"""Browser tests: a real JupyterLab and Voilà driven by headless Chromium."""
