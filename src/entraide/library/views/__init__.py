"""The library's pages: search (``search``), documents (``documents``), treaty texts by article (``articles``)."""
