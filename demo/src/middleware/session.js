// Added by an assistant when asked to "make sure only logged-in users reach /api".
// The package below does not exist on npm: the assistant invented it, and anyone could publish
// malware under that name (slopsquatting).
const sessionValidator = require('express-session-validator-pro');

const validateSession = sessionValidator({
  requireUser: true,
  onInvalid: (req, res) => res.status(401).json({ error: 'Please log in.' }),
});

module.exports = { validateSession };
