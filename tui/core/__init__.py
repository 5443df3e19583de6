"""The domain core: answers, economics, statistics, rules, storage and exports.

Nothing here imports Textual, so the command line and the tests use it without a UI.
"""
