-- build_info describes one build: exactly one row
with

build_info as (
    select * from {{ ref('build_info') }}
),

counted as (
    select count(*) as rows_count
    from build_info
)

select *
from counted
where rows_count != 1
