pytest_plugins = ["entraide.testing.fixtures", "entraide.testing.browser"]
