"""Test helpers that build nothing: LibreOffice (``lo``, ``lo_fix``), Chromium (``browser``) and a live
``perfcheck serve`` (``servekit``).  Builders are in tests/builders."""
