"""Demo data for `make run`, loaded above every app (demo.loader.load_demo, the load_demo command)."""
