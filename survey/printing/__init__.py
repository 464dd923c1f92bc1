"""What staff print for a survey wave: QR codes, the poster of a location and sheets of
one-time access codes to cut out.

Everything here makes bytes from plain values (a place name, a URL, texts): no request
and no database. Only :func:`invitations` needs an app context, for the translations.
"""

from survey.printing.code_sheet import code_sheet_pdf
from survey.printing.invitations import invitations
from survey.printing.poster import poster_pdf
from survey.printing.qr import qr_png, qr_svg
from survey.printing.text import Invitation

__all__ = ["Invitation", "code_sheet_pdf", "invitations", "poster_pdf", "qr_png", "qr_svg"]
