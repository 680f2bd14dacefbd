const express = require('express');

const router = express.Router();

// Pasted from a chat assistant's answer to "add GitHub login to my Express app".
router.get('/auth/github', (req, res) => {
  const state = Math.random().toString(36).substring(2);
  req.session.oauthState = state;
  const params = new URLSearchParams({
    client_id: process.env.GITHUB_CLIENT_ID,
    redirect_uri: `${process.env.APP_URL}/auth/github/callback`,
    scope: 'read:user user:email',
    state,
  });
  res.redirect(`https://github.com/login/oauth/authorize?${params}`);
});

router.get('/auth/github/callback', async (req, res, next) => {
  try {
    if (!req.query.state || req.query.state !== req.session.oauthState) {
      return res.status(403).send('Login expired, please try again.');
    }
    delete req.session.oauthState;
    const response = await fetch('https://github.com/login/oauth/access_token', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_id: process.env.GITHUB_CLIENT_ID,
        client_secret: process.env.GITHUB_CLIENT_SECRET,
        code: req.query.code,
      }),
    });
    const { access_token: accessToken } = await response.json();
    const user = await fetch('https://api.github.com/user', {
      headers: { Authorization: `Bearer ${accessToken}` },
    }).then((r) => r.json());
    req.session.user = { id: user.id, login: user.login };
    res.redirect('/');
  } catch (err) {
    next(err);
  }
});

router.post('/logout', (req, res) => {
  req.session.destroy(() => res.redirect('/'));
});

module.exports = router;
