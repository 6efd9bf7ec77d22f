"""Marketplace segmentation: generator, loaders and tooling around the dbt project."""

import warnings

__version__ = "0.1.0"

# Great Expectations imports PySpark when it is installed (the `spark` extra), and PySpark
# 4.3 then warns that it does not fully support pandas 3: the gate hands PySpark no pandas
# object, and the warning would be a second line on stderr of every `marketseg quality`
warnings.filterwarnings(
    "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
)
