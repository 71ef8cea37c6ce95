"""The window without Qt: its settings, its queue of pictures and where its results go (the widgets show these)."""
