"""The build graph: what each output depends on, what is redone, on how many cores and runners.

    graph.py     content hashes, the code/stylesheet/schema versions, the manifest (build/cache/)
    pool.py      per-file work in a process pool (``--jobs``), results in input order
    shard.py     a deterministic share of the texts (``--shard K/N``)
    convert.py   raw → TEI for the sources whose inputs changed
    validate.py  per-file validation against per-file summaries of the other files (ids)
    review.py    the encoding review per file (cached)
    web.py       web pages per text (cached), site-wide pages, assembly of the site
    run.py       around ``edition build``'s stages: the shard's share, the merge of shards,
                 skipping the print stage when nothing it reads changed

An output is redone when the hash of its inputs (file contents, the versions of the code and
stylesheets that make it) differs from the one recorded in build/cache/manifest.json.
"""
