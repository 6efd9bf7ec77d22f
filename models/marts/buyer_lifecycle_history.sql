with

periods as (
    select * from {{ ref('int_buyer_lifecycle_periods') }}
),

-- every column cast to the type of the model's contract
final as (
    select
        {%- for column in model.columns.values() %}
        cast({{ column.name }} as {{ column.data_type }}) as {{ column.name }}{{ "," if not loop.last }}
        {%- endfor %}
    from periods
)

select * from final
