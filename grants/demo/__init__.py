"""Demo records of the grant workflow, one module per stage, loaded in dependency order by the demo app."""
