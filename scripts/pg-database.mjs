// node scripts/pg-database.mjs create|drop <admin-url> <name>: creates or drops a database.
import postgres from 'postgres'

const [verb, adminUrl, name] = process.argv.slice(2)
if (!['create', 'drop'].includes(verb) || !adminUrl || !/^[a-z0-9_]+$/.test(name ?? '')) {
  console.error('usage: node scripts/pg-database.mjs create|drop <admin-url> <name>')
  process.exit(2)
}
const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
try {
  if (verb === 'create') await sql.unsafe(`create database "${name}"`)
  else await sql.unsafe(`drop database if exists "${name}" with (force)`)
} finally {
  await sql.end()
}
