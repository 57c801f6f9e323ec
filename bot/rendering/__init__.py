"""The board as a picture and as a PDF, and the signed, expiring links that serve them (issue 12, 14).

- picture.py: `board_picture(boards, instrument)`: a PNG of one or more perspectives of a board.
- sheet.py: `board_pdf(boards, previous, instrument, texts)`: the A4 sheet for the conversation.
- tokens.py: `attachment_token(...)` and `read_token(...)`: what a media link grants.
- cache.py: `MediaCache` (process memory or Redis) and `forget_cached_media(participant_id)`.
- media.py: `MediaService.fetch(token)`: the file a link grants, rendered once per board version.
"""
