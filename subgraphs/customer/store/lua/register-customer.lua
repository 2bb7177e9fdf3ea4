-- Registers a new customer (after index-functions.lua): the id must be free, the email nobody's, the loyalty
-- number unfiled; then the record, a zero balance and the index entries are written together.
-- KEYS: 1 customer record, 2 customer points, 3 email index, 4 phone index, 5 loyalty-number index, 6 filed-under.
-- ARGV: 1 customer id, 2 record JSON, 3 email key, 4 phone key ('' for none), 5 loyalty-number key.
-- Answers ALREADY_REGISTERED, EMAIL_TAKEN, LOYALTY_NUMBER_TAKEN (the caller draws another number) or REGISTERED.
-- Atomic because the email check and the insert must be one step: of concurrent registrations with one email,
-- exactly one succeeds.
if redis.call('EXISTS', KEYS[1]) == 1 then return 'ALREADY_REGISTERED' end
if filedToOther(KEYS[3], ARGV[3], ARGV[1]) then return 'EMAIL_TAKEN' end
if filedToOther(KEYS[5], ARGV[5], ARGV[1]) then return 'LOYALTY_NUMBER_TAKEN' end
refile(KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[3], ARGV[4], ARGV[5])
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], '0')
return 'REGISTERED'
