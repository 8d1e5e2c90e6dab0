-- When each history row was recorded (the createdAt / modifiedAt of its attribute instances,
-- for temporal queries with timeproperty=createdAt|modifiedAt). One column per row, not per
-- attribute: a row's attributes are written together; an attribute merged into an existing
-- row later carries its own time in its cell ("m", epoch ms). Rows recorded before this
-- column existed have none and count as recorded at their instant (ts).
alter table ngsi.history add column recorded_at timestamptz;
