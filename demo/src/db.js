const { Pool } = require('pg');

// Connection settings come from PGHOST, PGUSER, PGPASSWORD, PGDATABASE.
const pool = new Pool({ max: 10 });

module.exports = { pool };
