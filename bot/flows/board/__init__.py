from bot.flows.board.flow import BoardFlow

__all__ = ["BoardFlow"]
