"""The bot's handlers, one module per group of commands, registered in the order they match.

Every handler runs with `block=False`: a person waiting for a map, a file or a database
write never holds back anybody else's messages.
"""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler
from telegram.ext import filters as F

from bot.handlers import collect, errors, library, maps, settings, start

# New messages from people (channel posts have no person behind them; edits get a hint).
PEOPLE = F.UpdateType.MESSAGE

COMMANDS = {
    "start": start.start,
    "help": start.help_command,
    "map": maps.draw_map,
    "similar": maps.similar,
    "recommend": maps.recommend,
    "list": library.show_list,
    "remove": library.remove,
    "clear": library.clear,
    "export": library.export,
    "forget": library.forget,
    "settings": settings.show_settings,
    "lang": settings.choose_lang,
}

BUTTONS = {
    r"^undo:\d+:\d+:\d+$": collect.undo,
    r"^list:\d+:\d+$": library.turn_page,
    r"^(clear|forget):\d+:(yes|no)$": library.confirmed,
    r"^set:\d+:(split|clusters):\w+$": settings.change_setting,
    r"^lang:\d+:\w+$": settings.lang_button,
}


def register(app: Application) -> None:
    """Add every handler and the error handler to `app`."""
    for name, callback in COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, filters=PEOPLE, block=False))
    for pattern, callback in BUTTONS.items():
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern, block=False))

    messages = [
        (F.Document.ALL, collect.import_document),
        (F.TEXT & ~F.COMMAND, collect.add_titles),
        (F.COMMAND, start.unknown_command),
        (F.Sticker.ALL, start.sticker),
        (F.PHOTO, start.photo),
        (F.VOICE | F.AUDIO | F.VIDEO_NOTE, start.voice),
        (F.ALL, start.other_message),
    ]
    for condition, callback in messages:
        app.add_handler(MessageHandler(PEOPLE & condition, callback, block=False))
    app.add_handler(MessageHandler(F.UpdateType.EDITED_MESSAGE, start.edited, block=False))
    app.add_error_handler(errors.on_error, block=False)
