pytest_plugins = ["entraide.testing.fixtures"]
