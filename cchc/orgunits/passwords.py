"""Django's Vietnamese catalogue lacks the plural forms of the length rule; say it ourselves."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self):
        return f"Mật khẩu phải có ít nhất {self.min_length} ký tự."
