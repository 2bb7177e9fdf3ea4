-- Replaces a customer's profile if it is still the one the caller read (compare-and-set on the stored JSON), the
-- new email being nobody else's, and re-files the indexes (after index-functions.lua). Points are only read back.
-- KEYS: 1 customer record, 2 customer points, 3 email index, 4 phone index, 5 loyalty-number index, 6 filed-under.
-- ARGV: 1 customer id, 2 the record JSON read, 3 the new record JSON, 4 email key, 5 phone key ('' for none),
--       6 loyalty-number key.
-- Answers { status, points }: NOT_FOUND, RETRY (changed since read), EMAIL_TAKEN or UPDATED.
-- Atomic because the email check, the record and its index entries must change together; the patch itself is
-- applied in TypeScript (cjson would turn an empty addresses array into an object), hence compare-and-set.
local current = redis.call('GET', KEYS[1])
if not current then return { 'NOT_FOUND', '0' } end
if current ~= ARGV[2] then return { 'RETRY', '0' } end
if filedToOther(KEYS[3], ARGV[4], ARGV[1]) then return { 'EMAIL_TAKEN', '0' } end
refile(KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[4], ARGV[5], ARGV[6])
redis.call('SET', KEYS[1], ARGV[3])
return { 'UPDATED', redis.call('GET', KEYS[2]) or '0' }
