"""The app's forms (Flask-WTF: every form carries a CSRF token, checked for every POST)."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from bot.wijkteam.settings import MAX_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    username = StringField(
        "Gebruikersnaam",
        validators=[DataRequired("Vul je gebruikersnaam in."), Length(max=64, message="Een gebruikersnaam is korter.")],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false", "maxlength": 64},
    )
    password = PasswordField(
        "Wachtwoord",
        validators=[
            DataRequired("Vul je wachtwoord in."),
            Length(max=MAX_PASSWORD_LENGTH, message="Dit wachtwoord is te lang."),
        ],
        render_kw={"autocomplete": "current-password", "maxlength": MAX_PASSWORD_LENGTH},
    )
    submit = SubmitField("Inloggen")


class CodeForm(FlaskForm):
    code = StringField(
        "Code van de bewoner",
        description="8 tekens, bijvoorbeeld ABCD\u2011EFGH. Kleine letters en zonder streepje mag ook.",
        validators=[
            DataRequired("Vul de code in die je van de bewoner kreeg."),
            Length(max=20, message="Een code heeft 8 tekens."),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "maxlength": 20},
    )
    submit = SubmitField("Bord openen")


class LogoutForm(FlaskForm):
    submit = SubmitField("Uitloggen")


class HandledForm(FlaskForm):
    submit = SubmitField("Gebeld, afgehandeld")
