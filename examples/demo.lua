-- Builds a small study in the database and prints what it built.
-- Run it with:  quiver study.db examples/demo.lua --schema examples/study.sql
-- (the schema is examples/study.sql; `db` is the database the command opened)

db:create_element("Configuration", { label = "base", study_name = "Demo study", date_start = "2024-01-01" })

db:create_element("Fuel", { label = "Coal", price = 42.5 })
db:create_element("Fuel", { label = "Gas", price = 61.0 })

local plants = {
    { label = "Plant A", capacity = 350.0, fuel = "Coal", costs = { 10.0, 10.5, 11.0 }, tags = { "baseload" } },
    { label = "Plant B", capacity = 120.0, fuel = "Gas", costs = { 20.0, 19.0 }, tags = { "peaker", "flexible" } },
}
-- one transaction for all plants: either every plant is created or none
db:transaction(function(db)
    for _, p in ipairs(plants) do
        db:create_element("Plant", {
            label = p.label,
            capacity = p.capacity,
            fuel_id = p.fuel,               -- a relation, given by the fuel's label
            date_commission = "2024-01-01T00:00:00",
            cost = p.costs,                 -- vector group "costs" (column cost)
            tag = p.tags,                   -- set group "tags" (column tag)
        })
    end
end)

-- an hourly generation profile for Plant A
local plant_a = db:query_integer("SELECT id FROM Plant WHERE label = ?", { "Plant A" })
db:update_time_series_group("Plant", "generation", plant_a, {
    { date_time = "2024-01-01T00:00:00", mwh = 300.0 },
    { date_time = "2024-01-01T01:00:00", mwh = 310.5 },
    { date_time = "2024-01-01T02:00:00", mwh = 295.25 },
})

-- read it all back
local study = db:read_scalar_strings("Configuration", "study_name")[1]
print(string.format("Study %q: %d fuels, %d plants", study,
    db:number_of_elements("Fuel"), db:number_of_elements("Plant")))

for _, id in ipairs(db:read_element_ids("Plant")) do
    local plant = db:read_element_by_id("Plant", id)     -- scalars, vectors and sets
    local fuel = db:read_scalars_by_id("Fuel", plant.fuel_id)
    local total = 0.0
    for _, c in ipairs(plant.cost) do total = total + c end
    print(string.format("%s: %.1f MW, fuel %s (%.2f per MWh), %d yearly costs (total %.2f), tags %s",
        plant.label, plant.capacity, fuel.label, fuel.price, #plant.cost, total, table.concat(plant.tag, ", ")))
end

local rows = db:read_time_series_group("Plant", "generation", plant_a)
local energy = 0.0
for _, row in ipairs(rows) do energy = energy + row.mwh end
print(string.format("Plant A generation: %d hourly values, %.2f MWh from %s to %s",
    #rows, energy, rows[1].date_time, rows[#rows].date_time))
