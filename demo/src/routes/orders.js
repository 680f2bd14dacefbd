const express = require('express');
const { pool } = require('../db');

const router = express.Router();

// Written by hand: placeholders keep the customer id out of the SQL text.
router.get('/orders/:id', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, status, total_cents FROM orders WHERE id = $1 AND customer_id = $2', [
      req.params.id,
      req.session.user.id,
    ]);
    if (rows.length === 0) return res.status(404).json({ error: 'No such order.' });
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

// Accepted from an inline completion for "search orders by status and product name".
router.get('/orders', async (req, res, next) => {
  try {
    const status = req.query.status || 'open';
    const search = req.query.q || '';
    const { rows } = await pool.query(
      `SELECT id, status, total_cents FROM orders WHERE customer_id = ${req.session.user.id} AND status = '${status}' AND product_name ILIKE '%${search}%' ORDER BY created_at DESC`,
    );
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

module.exports = router;
