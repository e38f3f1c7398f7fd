"""The language model mode: any OpenAI-compatible server names clusters, describes works, reads
messy chat messages and proposes recommendations.

It is on when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set; `engine.stages` chooses it. Every
use ends in a usable result: whatever the model cannot do in time, within budget or correctly,
the offline stages do. Importing this package does not import `openai`: the client is loaded
on first use, so the offline path never touches it.

- `client`: the transport (retries, timeouts, JSON replies, a cache of answers);
- `session`: one job's budget, deadline and the problem to tell the person;
- `namer`, `describer`, `parser`, `suggest`, `embedder`: the stages.
"""
