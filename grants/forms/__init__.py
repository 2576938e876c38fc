"""Forms of the grant domain, one module per topic. They validate input; rules that change state live in services."""
