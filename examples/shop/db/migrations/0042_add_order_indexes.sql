-- Speed up "orders of a customer" and add a public tracking id.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);

ALTER TABLE orders ADD COLUMN tracking_id uuid DEFAULT gen_random_uuid();

ALTER TABLE orders ADD COLUMN gift_note text;
