"""tastemap's Telegram bot: a thin adapter that turns chat messages into calls to the engine.

Nothing here knows how titles are parsed, embedded or clustered; every handler asks
`engine.service.Engine` and words the answer for the person in their language.
"""
