-- Gives the relay lease up, only when this relay still holds it.
-- KEYS[1] the lease key. ARGV: this relay's token. Answers 1.
-- Atomic: a lease that expired and was taken by another relay between the read and the delete must stay theirs.
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
