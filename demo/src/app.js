const express = require('express');
const session = require('express-session');
const { validateSession } = require('./middleware/session');
const authRoutes = require('./routes/auth');
const orderRoutes = require('./routes/orders');

const app = express();
app.use(express.json());
app.use(
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production' },
  }),
);
app.use(authRoutes);
app.use('/api', validateSession, orderRoutes);

const port = Number(process.env.PORT) || 3000;
app.listen(port, () => console.log(`acme-orders listening on http://localhost:${port}`));
