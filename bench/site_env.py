"""The production-like settings ``http.py`` and ``profile_paths.py`` run the site with:
``APP_ENV=production`` with bench values for what production requires, behind one
trusted proxy hop, emails to an SMTP backend that no worker delivers in a bench run."""

HOST = "bench.madfam.test"

SITE_ENV = {
    "APP_ENV": "production",
    "TRUSTED_PROXY_HOPS": "1",
    "SITE_URL": f"https://{HOST}",
    "MAIL_BACKEND": "smtp",
    "SMTP_HOST": "127.0.0.1",
    "HTMX_SOURCE": "local",
    "CONTACT_EMAIL": "hola@madfam.io",
    "CONTACT_PHONE": "+52 55 1234 5678",
    "WHATSAPP_NUMBER": "5215512345678",
    "COMPANY_ADDRESS": "Av. Reforma 1, Col. Juárez, 06600 Ciudad de México, México",
    "COMPANY_LEGAL_NAME": "MADFAM Consultoría SA de CV",
    "COMPANY_TAX_ID": "MAD010101AB1",
    "PRIVACY_OFFICER_EMAIL": "privacidad@madfam.io",
}
