{#- The catalogue of behavioural segments (SPEC 4.4): every model under
    models/marts/segments/ is a segment. Its YAML declares `meta.segment` (key, label,
    owner, playbook_goal) and its description; its rows are the buyers in it, with a
    `category` column when the segment is per category and a `variant` column when it is
    a family (segment key `<key>_<variant>`, e.g. delivery_home). -#}

{% macro catalogue_folder() -%}
    {{ return(['marts', 'segments']) }}
{%- endmacro %}


{% macro catalogue_segment_nodes() -%}
    {#- The segment models, found in dbt's graph (execution time only), by name. -#}
    {%- set found = [] %}
    {%- if execute %}
        {%- for node in graph.nodes.values() | sort(attribute='name') %}
            {%- if node.resource_type == 'model' and node.package_name == project_name
                and node.fqn[1:3] == catalogue_folder() %}
                {%- do found.append(node) %}
            {%- endif %}
        {%- endfor %}
    {%- endif %}
    {{ return(found) }}
{%- endmacro %}


{% macro catalogue_segment_meta(node) -%}
    {#- The node's `meta.segment`, checked: a segment without its key, label, owner or
        playbook goal, or without a description, stops the build with the model's name. -#}
    {%- set segment = node.config.meta.get('segment') or {} %}
    {%- set missing = [] %}
    {%- for field in ['key', 'label', 'owner', 'playbook_goal'] %}
        {%- if not segment.get(field) %}{% do missing.append('meta.segment.' ~ field) %}{% endif %}
    {%- endfor %}
    {%- if not node.description %}{% do missing.append('description') %}{% endif %}
    {%- if missing %}
        {{ exceptions.raise_compiler_error(
            "Segment model '" ~ node.name ~ "' (" ~ node.original_file_path ~ ") must declare "
            ~ missing | join(', ') ~ " in its YAML: see 'Add a segment' in the README.") }}
    {%- endif %}
    {%- if not modules.re.match('^[a-z][a-z0-9_]*$', segment.key) %}
        {{ exceptions.raise_compiler_error(
            "Segment model '" ~ node.name ~ "': meta.segment.key '" ~ segment.key
            ~ "' must be lower-case letters, digits and underscores.") }}
    {%- endif %}
    {{ return(segment) }}
{%- endmacro %}


{% macro catalogue_declare_dependencies() -%}
    {#- dbt's graph is empty while dbt parses, so the segment models are declared to the
        parser from the generated list (macros/generated/catalogue_segment_models.sql):
        without it dbt could not order the memberships after the segments. At execution,
        a segment model of the graph missing from that list stops the build with the
        command that regenerates it. -#}
    {%- for name in catalogue_segment_model_names() %}
    -- depends_on: {{ ref(name) }}
    {%- endfor %}
    {%- for node in catalogue_segment_nodes() %}
        {%- if node.unique_id not in model.depends_on.nodes %}
            {{ exceptions.raise_compiler_error(
                "Segment model '" ~ node.name ~ "' is not in the generated list of segment models "
                ~ "(macros/generated/catalogue_segment_models.sql): run `marketseg segments sync` "
                ~ "(`make run` does it) and commit the file.") }}
        {%- endif %}
    {%- endfor %}
{%- endmacro %}


{% macro catalogue_memberships() -%}
    {#- One row per buyer, catalogue segment and category (null when the segment is not
        per category), from every segment model of the graph. -#}
    {%- set nodes = catalogue_segment_nodes() %}
    {%- for node in nodes %}
        {%- set segment = catalogue_segment_meta(node) %}
        {%- set columns = node.columns.keys() | list %}
    select
        buyer_id,
        {%- if 'variant' in columns %}
        {{ dbt.concat(["'" ~ segment.key ~ "_'", 'lower(variant)']) }} as segment_key,
        {%- else %}
        '{{ segment.key }}' as segment_key,
        {%- endif %}
        {{ 'category' if 'category' in columns else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as category,
        '{{ node.name }}' as segment_model
    from {{ ref(node.name) }}
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as buyer_id,
        cast(null as {{ dbt.type_string() }}) as segment_key,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as {{ dbt.type_string() }}) as segment_model
    where 1 = 0
    {%- endfor %}
{%- endmacro %}


{% macro catalogue_definitions() -%}
    {#- One row per segment model of the graph with what its YAML declares. -#}
    {%- set nodes = catalogue_segment_nodes() %}
    {%- for node in nodes %}
        {%- set segment = catalogue_segment_meta(node) %}
        {%- set columns = node.columns.keys() | list %}
    select
        '{{ segment.key }}' as segment_key,
        '{{ node.name }}' as segment_model,
        '{{ segment.label | replace("'", "''") }}' as segment_label,
        '{{ node.description | trim | replace("'", "''") }}' as segment_description,
        '{{ segment.owner | replace("'", "''") }}' as owner,
        '{{ segment.playbook_goal }}' as playbook_goal,
        {{ 'true' if 'category' in columns else 'false' }} as is_per_category,
        {{ 'true' if 'variant' in columns else 'false' }} as is_family
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as segment_key,
        cast(null as {{ dbt.type_string() }}) as segment_model,
        cast(null as {{ dbt.type_string() }}) as segment_label,
        cast(null as {{ dbt.type_string() }}) as segment_description,
        cast(null as {{ dbt.type_string() }}) as owner,
        cast(null as {{ dbt.type_string() }}) as playbook_goal,
        false as is_per_category,
        false as is_family
    where 1 = 0
    {%- endfor %}
{%- endmacro %}


{% macro catalogue_quality_thresholds(field, default) -%}
    {#- One row per segment of segment_kpis' families with the threshold `field` that
        applies to it: the catalogue segment's `meta.segment.quality.<field>` when its
        YAML sets one (a family's value applies to all its keys), else `default`. Used by
        the segment quality tests; returns (segment_family, segment_key, is_family,
        threshold) rows to join on. -#}
    {%- set overrides = [] %}
    {%- for node in catalogue_segment_nodes() %}
        {%- set quality = (node.config.meta.get('segment') or {}).get('quality') or {} %}
        {%- if quality.get(field) is not none %}
            {%- do overrides.append((node.config.meta.segment.key, 'variant' in node.columns, quality[field])) %}
        {%- endif %}
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as segment_key,
        false as is_family,
        cast({{ default }} as {{ dbt.type_numeric() }}) as threshold
    {%- for key, is_family, value in overrides %}
    union all
    select
        '{{ key }}' as segment_key,
        {{ 'true' if is_family else 'false' }} as is_family,
        cast({{ value }} as {{ dbt.type_numeric() }}) as threshold
    {%- endfor %}
{%- endmacro %}


{% macro catalogue_threshold_for(kpis, thresholds) -%}
    {#- The threshold of a segment_kpis row: its catalogue override (exact key, or the
        family's key followed by `_`), else the default row (null key). -#}
    coalesce(
        (
            select max(t.threshold) from {{ thresholds }} as t
            where
                {{ kpis }}.segment_family = 'catalogue'
                and (
                    t.segment_key = {{ kpis }}.segment_key
                    or (
                        t.is_family
                        and substr({{ kpis }}.segment_key, 1, {{ dbt.length('t.segment_key') }} + 1)
                        = {{ dbt.concat(['t.segment_key', "'_'"]) }}
                    )
                )
        ),
        (select max(t.threshold) from {{ thresholds }} as t where t.segment_key is null)
    )
{%- endmacro %}
