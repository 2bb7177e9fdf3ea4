-- Removes the ARGV[1] oldest events of an outbox, only while its head is still the event the caller published first.
-- KEYS[1] the outbox LIST of JSON events. ARGV: count, id of the oldest event the caller published.
-- Answers 1 when removed, 0 when another relay removed them already. Atomic: between reading the head and trimming,
-- no other relay may trim the same events, or events it never published would be dropped.
local head = redis.call('LINDEX', KEYS[1], 0)
if not head then return 0 end
local ok, event = pcall(cjson.decode, head)
if not ok or type(event) ~= 'table' or event.id ~= ARGV[2] then return 0 end
redis.call('LTRIM', KEYS[1], tonumber(ARGV[1]), -1)
return 1
