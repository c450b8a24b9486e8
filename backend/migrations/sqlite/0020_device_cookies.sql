-- Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): each
-- successful sign-in gives the browser a random token bound to its user; only the token's
-- SHA-256 is kept. Sign-ins presenting one are throttled per device instead of per account, so
-- guesses from elsewhere cannot lock the owner out. Gone with their user.
CREATE TABLE device_cookies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX device_cookies_user ON device_cookies(user_id, created_at);
