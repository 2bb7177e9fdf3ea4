-- Writes a customer with their lookup indexes, as seeding does: unconditionally (after index-functions.lua).
-- KEYS: 1 customer record, 2 customer points, 3 email index, 4 phone index, 5 loyalty-number index, 6 filed-under.
-- ARGV: 1 customer id, 2 record JSON, 3 points, 4 email key, 5 phone key, 6 loyalty-number key ('' for none).
-- Atomic because a record must never be findable through an index entry that points elsewhere, nor the reverse.
refile(KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[4], ARGV[5], ARGV[6])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
return 'OK'
