"""Dev tooling for make, tests/ and bench/ (runner, setup, simulator, stack); never imported by bot/, actions/, nlu/."""
